package dev.channels.demo;

import java.time.Duration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} takes an order into the pipeline (202, 400 or 503); {@code GET /pipeline}
 * tells where every order went.
 */
@RestController
class OrderController {
    private final OrderIntake intake;
    private final PipelineLedger ledger;
    private final Duration retryAfter;

    OrderController(OrderIntake intake, PipelineLedger ledger, DemoProperties properties) {
        this.intake = intake;
        this.ledger = ledger;
        this.retryAfter = properties.getIntake().getRetryAfter();
    }

    @PostMapping("/orders")
    ResponseEntity<OrderReceipt> place(@RequestBody OrderRequest request) throws InterruptedException {
        Order order = request.toOrder(intake.nextId());
        return switch (intake.submit(order)) {
            case ACCEPTED -> ResponseEntity.accepted().body(new OrderReceipt(order.id(), order.totalCents(), "accepted"));
            case BUSY -> throw new PipelineBusyException("The order pipeline is full; try again later", retryAfter);
            case CLOSED -> throw new PipelineBusyException("The order pipeline is shutting down", retryAfter);
        };
    }

    @GetMapping("/pipeline")
    PipelineLedger.Snapshot pipeline() {
        return ledger.snapshot();
    }
}
