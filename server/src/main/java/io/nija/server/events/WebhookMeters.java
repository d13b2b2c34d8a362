package io.nija.server.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The webhook dispatcher's counters, shared by its outbox writer (accepted, dropped) and its sender (the rest). */
record WebhookMeters(Counter delivered, Counter retried, Counter refused, Counter gaveUp, Counter dropped,
                     Counter discarded, Counter retries, Counter accepted) {

    static WebhookMeters register(MeterRegistry registry) {
        return new WebhookMeters(deliveries(registry, "delivered"), deliveries(registry, "retried"),
                deliveries(registry, "refused"), deliveries(registry, "gave_up"), deliveries(registry, "dropped"),
                deliveries(registry, "discarded"),
                Counter.builder("nija_webhook_retries")
                        .description("Webhook delivery attempts that failed or were refused and will be tried again")
                        .register(registry),
                Counter.builder("nija_webhook_outbox_accepted")
                        .description("Order events committed to the webhook outbox (accepted for delivery)")
                        .register(registry));
    }

    private static Counter deliveries(MeterRegistry registry, String outcome) {
        return Counter.builder("nija_webhook_deliveries").tag("outcome", outcome)
                .description("Webhook deliveries by outcome. Per attempt: delivered (2xx), retried (failed, tried again "
                        + "later), refused (address guard refused the host, tried again later), gave_up (the last attempt "
                        + "failed or was refused). Per event, without an attempt: dropped (intake full, never accepted), "
                        + "discarded (the user's webhook was removed)")
                .register(registry);
    }
}
