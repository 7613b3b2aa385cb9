package dev.channels.demo;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors as RFC 9457 problem details: 400 for bad orders, 503 with Retry-After when the pipeline is full. */
@RestControllerAdvice
class ApiErrors {
    static final String EXAMPLE = "{\"customer\":\"ada\",\"sku\":\"book-17\",\"quantity\":2,\"unitPriceCents\":1250}";
    private static final int MAX_REASON = 200;

    @ExceptionHandler(InvalidOrderException.class)
    ResponseEntity<ProblemDetail> invalidOrder(InvalidOrderException invalid) {
        return badRequest("Invalid order: " + invalid.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException unreadable) {
        return badRequest("The request body is not an order (" + reason(unreadable) + "); send JSON such as " + EXAMPLE);
    }

    @ExceptionHandler(PipelineBusyException.class)
    ResponseEntity<ProblemDetail> busy(PipelineBusyException busy) {
        long seconds = Math.max(1, (busy.retryAfter().toMillis() + 999) / 1000);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                busy.getMessage() + "; retry after " + seconds + (seconds == 1 ? " second" : " seconds"));
        problem.setTitle("Pipeline busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad request");
        return ResponseEntity.badRequest().body(problem);
    }

    /** The parser's own words, first line only and cut short. */
    private static String reason(HttpMessageNotReadableException unreadable) {
        String message = unreadable.getMostSpecificCause().getMessage();
        if (message == null || message.isBlank()) {
            return "unreadable body";
        }
        String first = message.lines().findFirst().orElse(message).strip();
        return first.length() > MAX_REASON ? first.substring(0, MAX_REASON) + "..." : first;
    }
}
