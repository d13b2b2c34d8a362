package io.nija.server.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON the commands build themselves (bodies, combined --json answers), with the client's exact-decimal mapper. */
public final class Json {
    private Json() {
    }

    public static ObjectNode object() {
        return ServiceClient.JSON.createObjectNode();
    }
}
