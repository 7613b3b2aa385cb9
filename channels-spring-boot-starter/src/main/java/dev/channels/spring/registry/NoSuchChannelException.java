package dev.channels.spring.registry;

import java.util.Collections;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * There is no channel registered under a name: thrown by {@link ChannelRegistry#require}, with a
 * message that names the channel asked for and the channels there are. The starter's start-up
 * checks (the shutdown order, {@code @ChannelListener} methods, container beans) put this message
 * in their own failures.
 */
public class NoSuchChannelException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    private final String channelName;
    private final SortedSet<String> registeredNames;

    /**
     * Creates the exception.
     *
     * @param channelName the name asked for
     * @param registeredNames the names registered at the time
     */
    public NoSuchChannelException(String channelName, SortedSet<String> registeredNames) {
        super("There is no channel named '" + channelName + "'; the channels are " + registeredNames);
        this.channelName = channelName;
        this.registeredNames = Collections.unmodifiableSortedSet(new TreeSet<>(registeredNames));
    }

    /**
     * The name asked for.
     *
     * @return the channel name
     */
    public String channelName() {
        return channelName;
    }

    /**
     * The names registered when the channel was asked for.
     *
     * @return the names, sorted
     */
    public SortedSet<String> registeredNames() {
        return registeredNames;
    }
}
