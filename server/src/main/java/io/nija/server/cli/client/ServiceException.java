package io.nija.server.cli.client;

/** The service could not be reached or refused the request; the message is meant for the person at the terminal. */
public final class ServiceException extends RuntimeException {
    public ServiceException(String message) {
        super(message);
    }
}
