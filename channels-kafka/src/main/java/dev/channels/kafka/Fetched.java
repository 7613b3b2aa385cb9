package dev.channels.kafka;

import org.apache.kafka.common.header.Headers;

/**
 * A value read from a record, on its way through the local window to a receiver, with the ticket
 * that says where it came from, and the record's headers when the channel carries traces.
 *
 * @param value the value
 * @param ticket its record's partition and offset
 * @param headers its record's headers, or null when the channel carries no traces
 * @param <T> the element type
 */
record Fetched<T>(T value, Ticket ticket, Headers headers) {
}
