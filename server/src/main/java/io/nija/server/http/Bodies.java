package io.nija.server.http;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Request bodies as strict UTF-8 text (as the rest of the API reads them). */
final class Bodies {
    private Bodies() {
    }

    static String text(Context ctx) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(ctx.bodyAsBytes())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("invalid_json", "request body is not valid UTF-8");
        }
    }
}
