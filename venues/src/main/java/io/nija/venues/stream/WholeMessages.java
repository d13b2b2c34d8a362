package io.nija.venues.stream;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The JDK websocket listener both stream kinds use: assembles text frames into whole messages, asks for the next
 * frame after each one, and reports messages, heartbeats and the end of the connection to its stream. One per
 * connection (its stream tells connections apart by the generation its callbacks capture).
 */
final class WholeMessages implements WebSocket.Listener {
    /** What a stream does with what its connection receives. */
    interface Events {
        void message(String text);

        /** A ping (true) or pong (false) frame: the socket is alive, which says nothing about the data. */
        void heartbeat(boolean ping);

        void down(String why);
    }

    private final Events events;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    WholeMessages(Events events) {
        this.events = events;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            events.message(message);
        }
        ws.request(1);
        return null;
    }

    /** Alpaca's trading stream sends its JSON in binary frames: read as UTF-8 text like any other message. */
    @Override
    public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
        binary.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        if (last) {
            String message = binary.toString(java.nio.charset.StandardCharsets.UTF_8);
            binary.reset();
            events.message(message);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        events.heartbeat(true);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        events.heartbeat(false);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        events.down("closed by the venue: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        events.down("error: " + error);
    }
}
