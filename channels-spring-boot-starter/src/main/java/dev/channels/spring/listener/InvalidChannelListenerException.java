package dev.channels.spring.listener;

/**
 * A {@link ChannelListener} method that cannot be wired: thrown at start-up, naming the method,
 * the problem and what to do about it.
 */
public class InvalidChannelListenerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String listener;
    private final String problem;
    private final String action;

    /**
     * Creates the exception.
     *
     * @param listener the method, described for people
     * @param problem what is wrong
     * @param action what to do
     */
    public InvalidChannelListenerException(String listener, String problem, String action) {
        this(listener, problem, action, null);
    }

    /**
     * Creates the exception with the failure that revealed the problem.
     *
     * @param listener the method or container, described for people
     * @param problem what is wrong
     * @param action what to do
     * @param cause the failure behind it, or null
     */
    public InvalidChannelListenerException(String listener, String problem, String action, Throwable cause) {
        super(listener + ": " + problem, cause);
        this.listener = listener;
        this.problem = problem;
        this.action = action;
    }

    /**
     * The method, described for people.
     *
     * @return the listener description
     */
    public String listener() {
        return listener;
    }

    /**
     * What is wrong.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }

    /**
     * What to do about it.
     *
     * @return the action
     */
    public String action() {
        return action;
    }
}
