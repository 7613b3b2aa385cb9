package dev.channels.demo;

/**
 * The body of {@code POST /orders}, as the client sent it; every field is checked before the order
 * enters the pipeline.
 *
 * @param customer who orders, 1 to 64 characters
 * @param sku what is ordered, 1 to 64 characters
 * @param quantity how many, 1 to 1000
 * @param unitPriceCents the price of one, in cents, 1 to 10,000,000
 */
public record OrderRequest(String customer, String sku, Integer quantity, Long unitPriceCents) {
    static final int MAX_QUANTITY = 1000;
    static final long MAX_UNIT_PRICE_CENTS = 10_000_000;
    private static final int MAX_TEXT = 64;

    /**
     * Checks the request and makes it an order.
     *
     * @param id the new order's id
     * @return the order
     * @throws InvalidOrderException naming the first field that is missing or out of range
     */
    Order toOrder(long id) {
        return new Order(id, text("customer", customer), text("sku", sku),
                (int) range("quantity", quantity == null ? null : quantity.longValue(), 1, MAX_QUANTITY),
                range("unitPriceCents", unitPriceCents, 1, MAX_UNIT_PRICE_CENTS));
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidOrderException(field + " is missing");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidOrderException(field + " must be at most " + MAX_TEXT + " characters, was " + value.length());
        }
        return value.strip();
    }

    private static long range(String field, Long value, long min, long max) {
        if (value == null) {
            throw new InvalidOrderException(field + " is missing");
        }
        if (value < min || value > max) {
            throw new InvalidOrderException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
