package org.nhsloginkeycloak.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * When the service counts as busy or degraded, for one realm: the server's defaults
 * ({@code --spi-nhs-service-status--default--<option>}), each replaceable per realm by an administrator (realm
 * attributes {@code nhs.status.<option>}, through the admin endpoint).
 *
 * @param capacityPerMinute sign-ins and uplift traces per minute this node handles well, as an operator measured it
 * @param window how far back traffic and third-party calls are counted
 * @param calm how long traffic must stay below {@value #CALM_FRACTION} of capacity before "busy" ends
 * @param errorRate the share of failed calls to a third party, once it had {@code minCalls}, that degrades its journey
 * @param slow the 95th percentile answer time of a third party that degrades its journey (judged from 20 calls)
 * @param bannerEnabled whether login pages show the banner at all
 */
public record StatusSettings(int capacityPerMinute, Duration window, Duration calm, double errorRate, Duration slow,
        int minCalls, boolean bannerEnabled) {

    /** Busy ends only below this share of capacity, so traffic hovering at capacity does not flap the banner. */
    public static final double CALM_FRACTION = 0.8;
    /** Uplift is busy once demand for PDS reaches this share of the PDS allowance. */
    public static final double PDS_BUSY_FRACTION = 0.8;

    /** About 17 browser sign-ins a second, what 2 cores measured here; operators set their own. */
    public static final StatusSettings DEFAULTS = new StatusSettings(1000, Duration.ofMinutes(1), Duration.ofMinutes(2),
            0.5, Duration.ofSeconds(3), 10, true);

    static final String CAPACITY = "capacity-per-minute";
    static final String WINDOW = "window-seconds";
    static final String CALM = "calm-seconds";
    static final String ERROR_RATE = "error-rate";
    static final String SLOW = "slow-milliseconds";
    static final String MIN_CALLS = "min-calls";
    static final String BANNER = "banner-enabled";

    /**
     * The most each number may be: traffic is remembered for an hour, so a longer window would only understate it
     * (third parties are judged over at most a minute, whatever the window).
     */
    static final Map<String, Integer> MAXIMA = Map.of(CAPACITY, 10_000_000, WINDOW, 3600, CALM, 86_400,
            SLOW, 600_000, MIN_CALLS, 100_000);

    /** Every option, as it is named on the server ({@code --spi-...}), in realm attributes and in the admin API. */
    public static final List<String> OPTIONS = List.of(CAPACITY, WINDOW, CALM, ERROR_RATE, SLOW, MIN_CALLS, BANNER);

    /**
     * Why {@code values} cannot be saved, or null when they can: an unknown option, a number that is not a whole number
     * above zero, an error rate outside (0, 1], a switch that is not true or false. A typo never silently does nothing.
     */
    public static String problem(Map<String, String> values) {
        if (values.isEmpty()) {
            return "Give at least one of " + String.join(", ", OPTIONS);
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            if (!OPTIONS.contains(name)) {
                return "Unknown setting '" + name + "': one of " + String.join(", ", OPTIONS);
            }
            if (name.equals(BANNER)) {
                if (!value.equals("true") && !value.equals("false")) {
                    return BANNER + " must be true or false";
                }
            } else if (name.equals(ERROR_RATE)) {
                double rate = positiveNumber(value);
                if (!(rate > 0 && rate <= 1)) {
                    return ERROR_RATE + " must be a number above 0 and at most 1";
                }
            } else if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) == 0
                    || Integer.parseInt(value) > MAXIMA.get(name)) {
                return name + " must be a whole number from 1 to " + MAXIMA.get(name);
            }
        }
        return null;
    }

    private static double positiveNumber(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** These settings with any of {@code values} (option name to text) that are present laid over them. */
    public StatusSettings with(Map<String, String> values) {
        return new StatusSettings(
                positiveInt(values, CAPACITY, capacityPerMinute),
                Duration.ofSeconds(positiveInt(values, WINDOW, (int) window.toSeconds())),
                Duration.ofSeconds(positiveInt(values, CALM, (int) calm.toSeconds())),
                fraction(values, ERROR_RATE, errorRate),
                Duration.ofMillis(positiveInt(values, SLOW, (int) slow.toMillis())),
                positiveInt(values, MIN_CALLS, minCalls),
                values.containsKey(BANNER) ? Boolean.parseBoolean(values.get(BANNER)) : bannerEnabled);
    }

    private static int positiveInt(Map<String, String> values, String key, int otherwise) {
        String text = values.get(key);
        if (text == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text.trim());
            return value > 0 && value <= MAXIMA.get(key) ? value : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static double fraction(Map<String, String> values, String key, double otherwise) {
        String text = values.get(key);
        if (text == null) {
            return otherwise;
        }
        try {
            double value = Double.parseDouble(text.trim());
            return value > 0 && value <= 1 ? value : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
