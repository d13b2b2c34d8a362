package io.nija.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Small conversions shared by the row classes. */
final class Sql {
    private Sql() {
    }

    /**
     * PostgreSQL keeps microseconds. Every instant is cut to that precision before it is written (and
     * hashed), so what a caller gets back is exactly what was stored, whichever path it came from.
     */
    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    /** The JDBC value for a timestamptz parameter (null stays null). */
    static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(micros(t));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    /** PostgreSQL text cannot hold NUL; free text from venues (reasons, messages) may contain one. */
    static String text(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }

    static String wire(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String wire) {
        return wire == null ? null : Enum.valueOf(type, wire.toUpperCase(Locale.ROOT));
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    static Set<String> stringSet(ResultSet rs, String column) throws SQLException {
        return Set.copyOf(strings(rs, column));
    }

    /** True when the failure (anywhere in its causes) is a unique-constraint violation. */
    static boolean isUniqueViolation(Throwable t) {
        return hasSqlState(t, "23505");
    }

    static boolean isForeignKeyViolation(Throwable t) {
        return hasSqlState(t, "23503");
    }

    private static boolean hasSqlState(Throwable t, String state) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e && state.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
