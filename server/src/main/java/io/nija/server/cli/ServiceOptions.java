package io.nija.server.cli;

import io.nija.server.cli.client.ServiceClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where the running service is and which token to use, shared by the everyday commands (status, orders, …). The
 * token comes from --token, else env NIJA_TOKEN, else the admin token file a local `serve` wrote into its data
 * directory, so on the machine that runs the service the commands work without any set-up.
 */
final class ServiceOptions {
    @Option(names = "--url", defaultValue = "${env:NIJA_URL:-http://localhost:8080}",
            description = "Base URL of the running service (default: env NIJA_URL, else http://localhost:8080).")
    URI url;

    @Option(names = "--token", defaultValue = "${env:NIJA_TOKEN}",
            description = "API token, admin or user (default: env NIJA_TOKEN, else the contents of --token-file).")
    String token;

    @Option(names = "--token-file", defaultValue = "./data/admin-token",
            description = "File holding a token, read when neither --token nor NIJA_TOKEN is given and the file exists "
                    + "(default ${DEFAULT-VALUE}: the admin token `serve` writes into its data directory).")
    Path tokenFile;

    @Option(names = "--json", description = "Print the service's JSON answer as is instead of a table.")
    boolean json;

    ServiceClient client(CommandLine cl) {
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new CommandLine.ParameterException(cl, "--url must be an http(s) URL such as http://localhost:8080, not '" + url + "'");
        }
        return new ServiceClient(url, resolveToken(cl));
    }

    private String resolveToken(CommandLine cl) {
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        if (tokenFile != null && Files.isReadable(tokenFile)) {
            try {
                String t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                if (!t.isEmpty()) {
                    return t;
                }
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cl, "cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
        }
        throw new CommandLine.ParameterException(cl, "no API token: give --token, set NIJA_TOKEN, or run where "
                + tokenFile + " exists");
    }
}
