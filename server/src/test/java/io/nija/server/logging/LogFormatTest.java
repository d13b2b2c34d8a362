package io.nija.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own logback.xml: human-readable lines by default, one JSON object per line with NIJA_LOG_FORMAT=json. */
class LogFormatTest {
    private static OutputStreamAppender<ILoggingEvent> configured(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        if (format != null) {
            context.putProperty("NIJA_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> out = (OutputStreamAppender<ILoggingEvent>)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("OUT");
        assertThat(out).as("the OUT appender of logback-" + format + ".xml").isNotNull();
        return out;
    }

    private static LoggingEvent event(LoggerContext context) {
        return event(context, Map.of("correlation_id", "corr-42", "signal_id", "sig_1"));
    }

    private static LoggingEvent event(LoggerContext context, Map<String, String> mdc) {
        LoggingEvent e = new LoggingEvent("x", context.getLogger("io.nija.server.events.OrderEvents"), Level.INFO,
                "order {} {}", null, new Object[] {"ord_1", "filled"});
        e.setMDCPropertyMap(mdc);
        return e;
    }

    @Test
    void jsonLinesCarryTheMessageAndTheCorrelationId() throws Exception {
        var appender = configured("json");
        String line = new String(appender.getEncoder().encode(event((LoggerContext) appender.getContext())), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loggerName").asText()).isEqualTo("io.nija.server.events.OrderEvents");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("order ord_1 filled");
        assertThat(json.get("mdc").get("correlation_id").asText()).isEqualTo("corr-42");
        assertThat(json.get("mdc").get("signal_id").asText()).isEqualTo("sig_1");
        assertThat(json.has("timestamp")).isTrue();
    }

    @Test
    void theDefaultIsOneReadableLineWithTheCorrelationIdInBrackets() throws Exception {
        var appender = configured(null);
        String line = new String(appender.getEncoder().encode(event((LoggerContext) appender.getContext())), StandardCharsets.UTF_8);
        assertThat(line).contains("INFO", "[corr-42]", "order ord_1 filled").doesNotStartWith("{");
        LoggingEvent without = event((LoggerContext) appender.getContext(), Map.of());
        assertThat(new String(appender.getEncoder().encode(without), StandardCharsets.UTF_8)).doesNotContain("[]");
    }
}
