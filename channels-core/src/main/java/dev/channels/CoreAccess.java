package dev.channels;

import dev.channels.internal.ChannelCore;

/** Implemented by every channel end of this package, so that {@link Select} can reach the engine. */
interface CoreAccess {
    /** The engine behind this end, or null if this end is a view of a channel made elsewhere. */
    ChannelCore core();

    /** The channel's interceptors, or null if it has none. */
    Interception interception();

    /** The interceptors behind {@code end} (which {@link #coreOf} accepted), or null. */
    static Interception interceptionOf(Object end) {
        return end instanceof CoreAccess access ? access.interception() : null;
    }

    /** Whether {@code end} is a channel end of this library with an engine behind it. */
    static boolean hasCore(Object end) {
        return end instanceof CoreAccess access && access.core() != null;
    }

    /** The engine behind {@code end}, which must come from this library. */
    static ChannelCore coreOf(Object end, String role) {
        if (end instanceof CoreAccess access && access.core() != null) {
            return access.core();
        }
        throw new IllegalArgumentException(role + " must be a channel made by dev.channels, was "
                + (end == null ? "null" : end.getClass().getName()));
    }
}
