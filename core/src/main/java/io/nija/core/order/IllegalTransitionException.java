package io.nija.core.order;

/** An attempt to move an order or leg along an edge the state machine does not have. */
public final class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(String what, OrderStatus from, OrderStatus to) {
        super(what + " cannot move from " + from.wire() + " to " + to.wire());
    }
}
