package io.nija.server.app;

import java.util.List;

/**
 * What one alert did: a signal per subscriber that passed its own checks ({@code accepted}; a repeated delivery
 * answers with the first signal, marked duplicate), and a refusal code for each one that did not (no order was
 * created for those). For a large strategy the answer comes before the fan-out ({@code inProgress}): the alert is
 * stored, and the lists are empty.
 *
 * @param alertId    the stored alert's id
 * @param inProgress the fan-out runs after this answer
 * @param repeat     a delivery of an alert stored already (only said of an answer given before the fan-out)
 */
public record FanOutResult(String strategy, int subscribers, List<Accepted> accepted, List<Refused> refused,
                           String alertId, boolean inProgress, boolean repeat) {
    public FanOutResult(String strategy, int subscribers, List<Accepted> accepted, List<Refused> refused) {
        this(strategy, subscribers, accepted, refused, null, false, false);
    }

    /** The answer for an alert stored and fanned out after the answer. */
    public static FanOutResult inProgress(String strategy, String alertId, int subscribers, boolean repeat) {
        return new FanOutResult(strategy, subscribers, List.of(), List.of(), alertId, true, repeat);
    }

    FanOutResult withAlertId(String id) {
        return new FanOutResult(strategy, subscribers, accepted, refused, id, inProgress, repeat);
    }

    public record Accepted(String userId, String signalId, List<String> orderIds, boolean duplicate) { }

    public record Refused(String userId, String code) { }
}
