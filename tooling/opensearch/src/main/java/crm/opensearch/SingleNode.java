package crm.opensearch;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.apache.logging.log4j.LogManager;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.Version;
import org.opensearch.common.settings.Settings;

/**
 * Starts ONE OpenSearch node in this JVM, for the tests and CI (see scripts/opensearch.sh).
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp target/classes:$(cat target/classpath.txt) crm.opensearch.SingleNode DATA_DIR HTTP_PORT [TRANSPORT_PORT]
 * </pre>
 *
 * CodeLibs' runner builds the node with {@code new Node(...)} from the official module jars on the
 * classpath (no bootstrap checks, no security plugin: plain HTTP without authentication). All settings
 * are made here rather than in an opensearch.yml. Its own {@code main} swallows startup errors and
 * starts three nodes; this one starts one, prints the error and exits 1 if startup fails, prints
 * {@link #STARTED_MARKER} once the node is up and its cluster settings are made, and closes the node on
 * SIGTERM (exit 143).
 */
public final class SingleNode {

    /** scripts/opensearch.sh waits for this line (the node is up and configured), then for yellow. */
    static final String STARTED_MARKER = "OPENSEARCH STARTED";

    private SingleNode() {}

    public static void main(final String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: SingleNode DATA_DIR HTTP_PORT [TRANSPORT_PORT (default HTTP_PORT + 100)]");
            System.exit(2);
        }
        final Path dataDir = Path.of(args[0]).toAbsolutePath().normalize();
        final int httpPort = parsePort(args[1]);
        final int transportPort = args.length == 3 ? parsePort(args[2]) : httpPort + 100;

        // Log4j must not shut itself down in its own hook while ours is still closing the node (its
        // last log lines would be lost); ours shuts it down at the end instead.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        final OpenSearchRunner runner = new OpenSearchRunner();
        // The runner would probe 9201..9299 for a free HTTP port; http.port is set below, so skip that.
        runner.setMaxHttpPort(-1);
        final CountDownLatch closed = new CountDownLatch(1);
        final Thread closer = new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                e.printStackTrace();
            } finally {
                LogManager.shutdown();
                closed.countDown();
            }
        }, "opensearch-shutdown");
        Runtime.getRuntime().addShutdownHook(closer);

        final String autoCreateIndex = System.getenv().getOrDefault("OPENSEARCH_AUTO_CREATE_INDEX", "+.*,-*");
        final long startNanos = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            runner.onBuild((index, settings) -> settings
                    .put("cluster.name", "crm-opensearch")
                    .put("node.name", "crm-opensearch-1")
                    // One port each, no range: a taken port fails the start instead of drifting.
                    .put("http.port", httpPort)
                    .put("transport.port", transportPort)
                    .put("network.host", "127.0.0.1")
                    .put("discovery.type", "single-node")
                    .putList("node.roles", "cluster_manager", "data", "ingest")
                    // A nearly full CI disk must not turn the indices read-only.
                    .put("cluster.routing.allocation.disk.threshold_enabled", false)
                    // Writing into an index that was never created fails (index_not_found_exception)
                    // instead of inventing a dynamic mapping; dot-indices (.tasks etc.) may be created.
                    .put("action.auto_create_index", autoCreateIndex))
                    .build(newConfigs()
                            .basePath(dataDir.toString())
                            .numOfNode(1)
                            .baseHttpPort(httpPort - 1) // only for the runner's own "HTTP Port:" line
                            .clusterName("crm-opensearch"));
            // Indices get no replica unless they ask for one, so they are green on this one node. Index
            // creation reads this from the cluster state, not from the node settings: set it through the API.
            runner.client().admin().cluster().prepareUpdateSettings()
                    .setPersistentSettings(Settings.builder().put("cluster.default_number_of_replicas", 0))
                    .get();
        } catch (final Throwable e) {
            System.err.println("OpenSearch failed to start on 127.0.0.1:" + httpPort + " (transport " + transportPort
                    + ", data " + dataDir + "):");
            e.printStackTrace();
            System.err.flush();
            // Do not run the close hook against a half-built node: exit at once.
            Runtime.getRuntime().halt(1);
        }

        final long millis = (System.nanoTime() - startNanos) / 1_000_000;
        System.out.printf("%s: OpenSearch %s on http://127.0.0.1:%d (transport %d, data %s, pid %d) in %d ms%n",
                STARTED_MARKER, Version.CURRENT, httpPort, transportPort, dataDir, ProcessHandle.current().pid(), millis);
        System.out.flush();

        // The node runs on its own threads; keep main alive until the shutdown hook has closed it.
        try {
            closed.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int parsePort(final String value) {
        try {
            final int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (final NumberFormatException e) {
            // fall through
        }
        System.err.println("not a TCP port: " + value);
        System.exit(2);
        return -1;
    }
}
