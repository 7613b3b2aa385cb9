/**
 * Tracing and context through channels: the sender's {@link io.micrometer.observation.Observation}
 * and its context-propagation snapshot travel with each value ({@link
 * dev.channels.spring.observation.ChannelObservationInterceptor}, {@link
 * dev.channels.spring.observation.SenderContext}), and each listener call is a
 * {@code channel.listener} observation, child of the sender's, with the sender's ThreadLocals
 * restored around the call ({@link dev.channels.spring.observation.ChannelListenerObservationInterceptor}).
 * Framework-neutral; the starter wires it when {@code channels.observation.enabled} is true.
 */
package dev.channels.spring.observation;
