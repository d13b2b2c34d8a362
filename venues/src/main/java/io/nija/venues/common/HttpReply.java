package io.nija.venues.common;

import java.net.http.HttpHeaders;

/** What came back from one exchange call: status, headers and the body as text. */
public record HttpReply(int status, HttpHeaders headers, String body) {
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
