/**
 * Go-style channels for the JVM, made for virtual threads: rendezvous, buffered and unlimited
 * channels, {@code select}, close with Go's rules, and helpers. The API is the package
 * {@code dev.channels}; the engine behind it, {@code dev.channels.internal}, is not exported.
 * The module needs nothing but {@code java.base}.
 */
module dev.channels {
    exports dev.channels;
}
