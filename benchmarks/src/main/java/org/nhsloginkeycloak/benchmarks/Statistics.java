package org.nhsloginkeycloak.benchmarks;

import java.util.Arrays;

/**
 * The benchmarks' one set of statistics: every report's percentiles, medians and quantiles come from here, so two
 * reports never disagree about what "p99" means. Empty input is {@code NaN} throughout (a phase that measured nothing
 * shows as such, never as zero).
 */
final class Statistics {

    private Statistics() {
    }

    /** Nearest-rank percentile of nanosecond latencies, in milliseconds. */
    static double percentile(long[] nanos, int percent) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The {@code q} quantile of sorted {@code values}, between neighbours where it falls between two. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
