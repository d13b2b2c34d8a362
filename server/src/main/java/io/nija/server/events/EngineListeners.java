package io.nija.server.events;

import io.nija.core.engine.EngineListener;
import io.nija.core.order.Order;
import java.util.List;

/** Several engine listeners as one (the engine takes one): metrics first, then notifications. */
public final class EngineListeners implements EngineListener {
    private final List<EngineListener> listeners;

    private EngineListeners(List<EngineListener> listeners) {
        this.listeners = listeners;
    }

    public static EngineListener of(EngineListener... listeners) {
        return new EngineListeners(List.of(listeners));
    }

    @Override
    public void routed(String venue, long nanos) {
        for (EngineListener l : listeners) {
            l.routed(venue, nanos);
        }
    }

    @Override
    public void executionFinished(String venue, boolean filled) {
        for (EngineListener l : listeners) {
            l.executionFinished(venue, filled);
        }
    }

    @Override
    public void orderUpdated(Order order) {
        for (EngineListener l : listeners) {
            l.orderUpdated(order);
        }
    }
}
