/**
 * What happens to a value a listener fails on: {@link dev.channels.spring.listener.error.RetrySettings
 * retries with back-off}, {@link dev.channels.spring.listener.error.DeadLetter dead letters} and
 * {@link dev.channels.spring.listener.error.ChannelListenerErrorHandler error handlers}. The
 * containers of {@link dev.channels.spring.listener} use these types; nothing here depends on them.
 */
package dev.channels.spring.listener.error;
