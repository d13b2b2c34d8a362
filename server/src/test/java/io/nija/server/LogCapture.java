package io.nija.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Records all output of the module's test run into {@code target/test-output-capture-<pid>.log}: everything written to
 * System.out and System.err (which includes the console log appender of the service's own logback.xml, text or
 * JSON) and every logging event that reaches the root logger: message with its arguments, MDC and full stack
 * traces, DEBUG included for io.nija (opened up here for the recorder only; the console keeps its level).
 * {@link SecretsInLogsTest} scans that file at the end of the run.
 *
 * <p>It is a JUnit extension registered through META-INF/services with autodetection switched on in
 * junit-platform.properties, so the JVM-wide capture is installed before the first test class of the run starts,
 * whichever classes are selected. Installing is idempotent.
 */
public final class LogCapture implements BeforeAllCallback {
    /** One file per JVM, so test runs of this module that overlap do not write into each other's capture. */
    static final Path FILE = Path.of("target", "test-output-capture-" + ProcessHandle.current().pid() + ".log");
    private static OutputStream sink;

    public LogCapture() {
        install();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    static synchronized void install() {
        if (sink != null) {
            return;
        }
        try {
            Files.createDirectories(FILE.getParent());
            deleteCapturesOfEndedRuns();
            sink = Files.newOutputStream(FILE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setOut(new PrintStream(new Tee(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err), true, StandardCharsets.UTF_8));
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            // The service's own logback.xml stays in charge of the console; io.nija is opened up to DEBUG for the
            // recorder only, with the console appenders held at the level they had.
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            Level consoleLevel = root.getEffectiveLevel();
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                ThresholdFilter filter = new ThresholdFilter();
                filter.setLevel(consoleLevel.toString());
                filter.start();
                appender.addFilter(filter);
            }
            Logger nija = context.getLogger("io.nija");
            if (nija.getEffectiveLevel().isGreaterOrEqual(Level.DEBUG)) {
                nija.setLevel(Level.DEBUG);
            }
            EventRecorder recorder = new EventRecorder();
            recorder.setContext(context);
            recorder.setName("test-capture");
            recorder.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(recorder);
        }
    }

    private static void deleteCapturesOfEndedRuns() throws IOException {
        try (var files = Files.newDirectoryStream(FILE.getParent(), "test-output-capture-*.log")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String pid = name.substring("test-output-capture-".length(), name.length() - ".log".length());
                if (pid.chars().allMatch(Character::isDigit) && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Everything captured so far. */
    static synchronized String captured() throws IOException {
        if (sink != null) {
            sink.flush();
        }
        return Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
    }

    private static synchronized void record(byte[] b, int off, int len) {
        try {
            sink.write(b, off, len);
        } catch (IOException e) {
            // the capture is best effort; the original stream still gets the bytes
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream original;

        Tee(OutputStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) throws IOException {
            original.write(b);
            record(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            original.write(b, off, len);
            record(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }

    private static final class EventRecorder extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent e) {
            StringBuilder sb = new StringBuilder("[captured ").append(e.getLevel()).append(' ').append(e.getLoggerName())
                    .append("] ").append(e.getFormattedMessage());
            if (e.getMDCPropertyMap() != null && !e.getMDCPropertyMap().isEmpty()) {
                sb.append(" mdc=").append(e.getMDCPropertyMap());
            }
            sb.append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            record(bytes, 0, bytes.length);
        }
    }
}
