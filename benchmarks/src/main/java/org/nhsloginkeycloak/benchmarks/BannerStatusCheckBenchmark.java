package org.nhsloginkeycloak.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nhsloginkeycloak.status.BannerStatusCheck;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link BannerStatusCheck} with JMH and sets the check's time against the CPU one sign-in page costs Keycloak, as
 * the banner-render benchmark of the same run measured it with the banner off ({@code banner-render.md} beside this
 * report): "the banner costs under 1% of a page render" as a number. The check runs on one thread, so its time is its
 * CPU.
 */
public final class BannerStatusCheckBenchmark {

    /** The banner-render report's medians table: {@code | off | 0.912 | 1700 | ...}. */
    private static final Pattern RENDER_OFF = Pattern.compile("(?m)^\\| off \\| ([0-9.]+) \\|");

    private BannerStatusCheckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder().include(BannerStatusCheck.class.getName())
                .forks(Integer.getInteger("benchmark.jmh.forks", 2)).build();
        Collection<RunResult> results = new Runner(options).run();
        Path report = Path.of(System.getProperty("benchmark.report", "target/benchmark-results/banner-status-check.md"));
        Optional<Double> renderMs = pageRenderMs(report.resolveSibling("banner-render.md"));
        StringBuilder out = new StringBuilder("# The status banner's check (JMH) against a page render\n\n");
        out.append("`BannerModel.check`, the work the banner adds to every login page, on one"
                + " thread: average time per check, JMH 1.37, ").append(options.getForkCount().orElse(2))
                .append(" forks of 5 x 1 s after 5 x 1 s of warm-up.\n\n");
        out.append("| state | ns per check | ± (99.9%) | share of a page render |\n|---|---|---|---|\n");
        for (RunResult result : results) {
            double ns = result.getPrimaryResult().getScore();
            out.append(String.format("| %s | %.0f | %.0f | %s |%n", result.getParams().getParam("state"), ns,
                    result.getPrimaryResult().getScoreError(),
                    renderMs.map(ms -> String.format("%.3f%%", ns / (ms * 1_000_000) * 100)).orElse("(no render figure)")));
        }
        out.append(renderMs.map(ms -> String.format("%nThe page render: %.3f ms of Keycloak CPU per sign-in page with the"
                + " banner off, the median of this run's banner-render phases (`banner-render.md`).%n", ms))
                .orElse("\nNo `banner-render.md` beside this report: run the banner-render benchmark in the same run"
                        + " (`-Dbenchmark.banner.skip=false`) for the share of a page render.\n"));
        Load.publish(out.toString());
    }

    static Optional<Double> pageRenderMs(Path bannerRender) throws IOException {
        if (!Files.exists(bannerRender)) {
            return Optional.empty();
        }
        Matcher off = RENDER_OFF.matcher(Files.readString(bannerRender));
        return off.find() ? Optional.of(Double.parseDouble(off.group(1))) : Optional.empty();
    }
}
