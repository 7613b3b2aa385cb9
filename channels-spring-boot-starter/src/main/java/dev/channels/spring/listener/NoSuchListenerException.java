package dev.channels.spring.listener;

import java.util.Collections;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * No listener has the id asked for: thrown by the {@link ChannelListenerRegistry}'s operations by
 * id, with a message that names the id and the listeners there are.
 */
public class NoSuchListenerException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final SortedSet<String> registeredIds;

    /**
     * Creates the exception.
     *
     * @param id the id asked for
     * @param registeredIds the ids registered at the time
     */
    public NoSuchListenerException(String id, SortedSet<String> registeredIds) {
        super("There is no listener with id '" + id + "'; the listeners are " + registeredIds);
        this.id = id;
        this.registeredIds = Collections.unmodifiableSortedSet(new TreeSet<>(registeredIds));
    }

    /**
     * The id asked for.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The ids registered when the listener was asked for.
     *
     * @return the ids, sorted
     */
    public SortedSet<String> registeredIds() {
        return registeredIds;
    }
}
