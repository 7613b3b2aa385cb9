package dev.channels.demo;

import dev.channels.Channels;
import dev.channels.Select;
import dev.channels.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * Feeds the pipeline orders so that the metrics move from the start: {@code demo.load.rate} orders
 * a second, each from its own virtual thread, and every {@code demo.load.burst-every} a burst of
 * {@code demo.load.burst-size} orders from {@code demo.load.burst-clients} concurrent clients, which
 * fills {@code orders}, makes clients wait and some get "busy", and makes {@code notifications}
 * drop. Every {@code demo.load.invalid-every}-th order is one validation rejects. Orders go through
 * {@link OrderIntake}, as those from {@code POST /orders} do. Off with {@code demo.load.enabled=false}.
 *
 * <p>The schedule itself is a {@link Select} over two {@link Channels#ticker tickers}.
 */
@Component
class LoadGenerator extends BackgroundLoop {
    private static final Log logger = LogFactory.getLog(LoadGenerator.class);
    private static final List<String> CUSTOMERS = List.of("ada", "grace", "barbara", "frances", "margaret", "radia",
            "ken", "dennis", "niklaus", "edsger");
    private static final List<String> SKUS = List.of("book-17", "lamp-3", "mug-8", "desk-1", "pen-42", "chair-5",
            "kettle-2", "plant-9");
    private static final String REJECTED_SKU = "retired-widget";

    private final OrderIntake intake;
    private final DemoProperties.Load settings;
    private final AtomicLong generated = new AtomicLong();

    LoadGenerator(OrderIntake intake, DemoProperties properties) {
        this.intake = intake;
        this.settings = properties.getLoad();
    }

    @Override
    boolean enabled() {
        if (!settings.isEnabled()) {
            return false;
        }
        if (!steady() && !bursts()) {
            logger.info("Load generator has nothing to do: demo.load.rate and demo.load.burst-size are 0");
            return false;
        }
        return true;
    }

    private boolean steady() {
        return settings.getRate() >= 1;
    }

    private boolean bursts() {
        return settings.getBurstSize() >= 1 && settings.getBurstEvery().isPositive();
    }

    @Override
    String threadName() {
        return "load-generator";
    }

    @Override
    void started() {
        logger.info("Load generator on: " + settings.getRate() + " orders/s, bursts of " + settings.getBurstSize()
                + " every " + settings.getBurstEvery() + " (demo.load.enabled=false turns it off)");
    }

    @Override
    void run() {
        List<Ticker> tickers = new ArrayList<>();
        try {
            Select<Void> next = Select.fair();
            if (steady()) {
                Ticker steady = Channels.ticker(Duration.ofNanos(1_000_000_000L / settings.getRate()));
                tickers.add(steady);
                next.onReceive(steady, tick -> {
                    Channels.go(this::submitOne);
                    return null;
                });
            }
            if (bursts()) {
                Ticker bursts = Channels.ticker(settings.getBurstEvery());
                tickers.add(bursts);
                next.onReceive(bursts, tick -> {
                    burst();
                    return null;
                });
            }
            while (true) {
                next.await();
            }
        } catch (InterruptedException stopped) {
            // stop() asked the generator to end.
        } finally {
            tickers.forEach(Ticker::close);
        }
    }

    private void burst() {
        int clients = Math.max(1, Math.min(settings.getBurstClients(), settings.getBurstSize()));
        int each = settings.getBurstSize() / clients;
        int extra = settings.getBurstSize() % clients;
        for (int client = 0; client < clients; client++) {
            int orders = each + (client < extra ? 1 : 0);
            Channels.go(() -> {
                for (int i = 0; i < orders; i++) {
                    submitOne();
                }
            });
        }
    }

    private void submitOne() throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long n = generated.incrementAndGet();
        boolean rejected = settings.getInvalidEvery() > 0 && n % settings.getInvalidEvery() == 0;
        String sku = rejected ? REJECTED_SKU : SKUS.get(random.nextInt(SKUS.size()));
        Order order = new Order(intake.nextId(), CUSTOMERS.get(random.nextInt(CUSTOMERS.size())), sku,
                1 + random.nextInt(5), 100 + random.nextLong(9_900));
        intake.submit(order);
    }
}
