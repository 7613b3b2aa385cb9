package dev.channels.demo;

/** A request that is not a valid order; the client gets 400 with the message. */
public class InvalidOrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidOrderException(String message) {
        super(message);
    }
}
