package dev.channels.kafka;

/**
 * What a Kafka channel writes into the metadata of each commit: the offset up to which it had
 * handed values out. The next owner of the partition counts a record below that mark as
 * redelivered (channel.remote.redelivered): it was handed out before, and its value may have been
 * handled already.
 */
final class CommitMetadata {
    private static final String PREFIX = "channels:handed-out=";

    private CommitMetadata() {
    }

    static String write(long handedOutUpTo) {
        return PREFIX + handedOutUpTo;
    }

    /** The mark in {@code metadata}, or -1 if it is not ours or missing. */
    static long read(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(metadata.substring(PREFIX.length()));
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }
}
