package org.nhsloginkeycloak.it.support;

import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.nhsloginkeycloak.sandpit.Sandpit;
import org.nhsloginkeycloak.sandpit.SandpitOptions;

/**
 * One real sandpit (Keycloak, PDS and Notify stand-ins, SMTP sink) for the whole test run, started through the same
 * launcher as the sandpit command, on free ports. JUnit closes it when the run ends, whether tests passed or not; a
 * shutdown hook covers a JVM that is stopped early.
 *
 * <p>Test classes use {@code @ExtendWith(SandpitExtension.class)} and take a {@link Sandpit} parameter.
 */
public class SandpitExtension implements BeforeAllCallback, ParameterResolver {

    private final ExtensionContext.Namespace namespace;
    private final Function<Path, SandpitOptions> options;

    public SandpitExtension() {
        this(SandpitOptions::forTests);
    }

    /** A sandpit of another shape (the cluster group's), kept apart from the default one. */
    protected SandpitExtension(Function<Path, SandpitOptions> options) {
        this.namespace = ExtensionContext.Namespace.create(getClass());
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandpit(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandpit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sandpit(context);
    }

    Sandpit sandpit(ExtensionContext context) {
        return context.getRoot().getStore(namespace)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(options), Running.class)
                .sandpit();
    }

    /**
     * Stored in the root context, so JUnit closes it after the last test class. A failed start is stored too: every
     * test class then fails at once with its reason instead of waiting for another start.
     */
    private record Running(Sandpit started, RuntimeException failure, Thread shutdownHook) implements AutoCloseable {

        static Running start(Function<Path, SandpitOptions> options) {
            String layout = System.getProperty("sandpit.layout");
            if (layout == null) {
                throw new IllegalStateException("Run integration tests through Maven (mvn verify): it sets sandpit.layout");
            }
            try {
                Sandpit sandpit = Sandpit.start(options.apply(Path.of(layout)));
                Thread hook = new Thread(sandpit::close, "sandpit-test-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                return new Running(sandpit, null, hook);
            } catch (RuntimeException e) {
                return new Running(null, e, null);
            }
        }

        Sandpit sandpit() {
            if (failure != null) {
                throw new IllegalStateException("The sandpit did not start: " + failure.getMessage(), failure);
            }
            return started;
        }

        @Override
        public void close() {
            if (started == null) {
                return;
            }
            started.close();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing left to undo
            }
        }
    }
}
