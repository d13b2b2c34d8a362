package io.nija.server.app;

import java.util.List;

/**
 * What one alert did: a signal per subscriber that passed its own checks ({@code accepted}; a repeated delivery
 * answers with the first signal, marked duplicate), and a refusal code for each one that did not (no order was
 * created for those).
 */
public record FanOutResult(String strategy, int subscribers, List<Accepted> accepted, List<Refused> refused) {
    public record Accepted(String userId, String signalId, List<String> orderIds, boolean duplicate) { }

    public record Refused(String userId, String code) { }
}
