package org.nhsloginkeycloak.core;

import java.util.Optional;

/**
 * A valid NHS number: ten digits whose last is the Modulus 11 check digit of the first nine.
 *
 * <p>{@link #toString()} masks all but the last four digits, so an NHS number that reaches a log line by accident
 * does not identify anyone; {@link #value()} and {@link #formatted()} give the whole number on purpose.
 */
public final class NhsNumber {

    private static final int LENGTH = 10;

    private final String digits;

    private NhsNumber(String digits) {
        this.digits = digits;
    }

    /**
     * Parses ten digits, written together or grouped with spaces as people write them ({@code 999 000 0018}).
     *
     * @throws IllegalArgumentException when it is not ten digits or its check digit is wrong; the message does not
     *     repeat the input
     */
    public static NhsNumber parse(String text) {
        String digits = text == null ? "" : text.replace(" ", "");
        if (digits.length() != LENGTH || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("An NHS number is 10 digits");
        }
        int expected = checkDigit(digits).orElseThrow(
                () -> new IllegalArgumentException("No valid NHS number starts with these nine digits"));
        if (digits.charAt(LENGTH - 1) - '0' != expected) {
            throw new IllegalArgumentException("The NHS number's check digit is wrong");
        }
        return new NhsNumber(digits);
    }

    /** Whether {@code text} parses as a valid NHS number. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The Modulus 11 check digit for the first nine digits of {@code digits}: weights 10 down to 2, eleven minus the
     * remainder, 11 read as 0. Empty when the result is 10, which no NHS number may have.
     */
    static Optional<Integer> checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += (digits.charAt(i) - '0') * (LENGTH - i);
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            return Optional.of(0);
        }
        return check == 10 ? Optional.empty() : Optional.of(check);
    }

    /** The ten digits, as stored and as released in the {@code nhs_number} claim. */
    public String value() {
        return digits;
    }

    /** The number as people read it: {@code 999 000 0018}. */
    public String formatted() {
        return digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
    }

    /** Masked: {@code *** *** 0018}. */
    @Override
    public String toString() {
        return "*** *** " + digits.substring(6);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NhsNumber that && digits.equals(that.digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }
}
