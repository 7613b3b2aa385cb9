package dev.channels.kafka;

import dev.channels.spring.listener.ChannelListenerInterceptor;
import dev.channels.spring.listener.ListenerInvocation;

/**
 * The seam around each listener call on a Kafka channel: the values the call received are done
 * (their offsets may be committed) once the listener returned, or failed after its attempts and
 * went to the error handling; a call the shutdown cut short (the thread interrupted) leaves them
 * undone, so they are not committed and another instance receives them again.
 */
final class KafkaListenerCommits implements ChannelListenerInterceptor {
    private final KafkaChannel<?> channel;

    KafkaListenerCommits(KafkaChannel<?> channel) {
        this.channel = channel;
    }

    @Override
    public void intercept(ListenerInvocation invocation) throws Exception {
        try {
            invocation.proceed();
        } catch (Exception | Error failed) {
            if (cutShort(failed)) {
                channel.abandonHeld();
            } else {
                channel.settleHeld();
            }
            throw failed;
        }
        channel.settleHeld();
    }

    private static boolean cutShort(Throwable failed) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
