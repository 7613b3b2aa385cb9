package dev.channels.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the {@code channels} health contributor judges a channel, under {@code channels.health}.
 *
 * <pre>{@code
 * channels:
 *   health:
 *     stalled-after: 30s
 *     down-when: [failed, stalled]
 * }</pre>
 */
@ConfigurationProperties("channels.health")
public class ChannelsHealthProperties {
    /**
     * How long a channel must be full, with no value received, to be reported as stalled. More
     * than zero.
     */
    private Duration stalledAfter = Duration.ofSeconds(30);

    /**
     * The states that make a channel's health DOWN: failed (closed with a failure) and stalled.
     * Empty by default: a closed, failed, full or stalled channel is reported in the details and
     * stays UP, so that a normal event in a channel's life takes no application out of service.
     */
    private List<String> downWhen = new ArrayList<>();

    public Duration getStalledAfter() {
        return stalledAfter;
    }

    public void setStalledAfter(Duration stalledAfter) {
        this.stalledAfter = stalledAfter;
    }

    public List<String> getDownWhen() {
        return downWhen;
    }

    public void setDownWhen(List<String> downWhen) {
        this.downWhen = downWhen;
    }
}
