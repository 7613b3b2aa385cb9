package dev.channels.demo;

/** Tells a customer something, by whatever means. */
public interface CustomerNotifier {
    /**
     * Delivers one notification.
     *
     * @param notification what to deliver
     * @throws InterruptedException if interrupted while delivering
     */
    void send(Notification notification) throws InterruptedException;
}
