package nl.livinglab.infra;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.api.security.AuthToken;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.internal.Version;
import picocli.CommandLine;

/**
 * Runs Neo4j Community embedded with a Bolt connector on 127.0.0.1, for local development and tests.
 *
 * <p>Usage: {@code java -cp ... nl.livinglab.infra.Neo4jServer <homeDir> [boltPort]}; the port can
 * also come from {@code -Dneo4j.bolt.port}. User {@code neo4j} gets the password from the
 * environment variable {@code NEO4J_PASSWORD}: seeded before the first start (as {@code neo4j-admin
 * dbms set-initial-password} does), and changed with {@code ALTER USER} when it differs later.
 */
public final class Neo4jServer {
    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Neo4jServer <homeDir> [boltPort]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args.length > 1 ? args[1] : System.getProperty("neo4j.bolt.port", "7687"));
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("neo4j: NEO4J_PASSWORD must be set (8+ characters)");
            System.exit(2);
        }
        if (!Files.isDirectory(home.resolve("data/databases/system"))) {
            seedInitialPassword(home, password);
        }

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Bolt waits 5 s twice on shutdown by default; a dev server should stop quickly.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes("neo4j.pagecache", "128m"))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, bytes("neo4j.tx.global", "256m"))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, bytes("neo4j.tx.max", "128m"))
                // Neo4j keeps two days of transaction logs by default: a day of tests and benches
                // left 12 GB of them. Recovery needs only those after the last checkpoint.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1G size")
                // Cypher replans a cached query when the graph's counts have moved by 75 % since its
                // plan, checked every 10 s by default. Tests and benches create and drop whole
                // namespaces, so the counts swing tenfold within seconds: every query was replanned
                // several times a minute, each costing its batch 50-150 ms (debug.log, "Discarded
                // stale query"). The worker's plans hinge on unique-index seeks by uid.
                .setConfig(GraphDatabaseSettings.cypher_min_replan_interval,
                        Duration.parse(System.getProperty("neo4j.replan", "PT10M")))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j: shutting down");
            service.shutdown();
            System.out.println("neo4j: stopped");
            stopped.countDown();
        }, "neo4j-shutdown"));

        ensurePassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(60_000)) {
            System.err.println("neo4j: default database did not become available");
            System.exit(1);
        }
        System.out.printf("neo4j: Bolt listening on bolt://127.0.0.1:%d (Neo4j Community %s, home %s, up in %.1f s)%n",
                port, Version.getNeo4jVersion(), home, ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        System.out.flush();
        stopped.await();
    }

    private static long bytes(String property, String fallback) {
        return ByteUnit.parse(System.getProperty(property, fallback));
    }

    /** Fresh store: writes data/dbms/auth.ini so user neo4j is created with this password. */
    private static void seedInitialPassword(Path home, String password) {
        System.out.println("neo4j: fresh store, seeding the password of user neo4j from NEO4J_PASSWORD");
        int rc = new CommandLine(new SetInitialPasswordCommand(new ExecutionContext(home, home.resolve("conf"))))
                .execute(password);
        if (rc != 0) {
            throw new IllegalStateException("neo4j: could not seed the initial password (exit " + rc + ")");
        }
    }

    /** Existing store: if NEO4J_PASSWORD changed since the last run, apply it (Community keeps users in system). */
    private static void ensurePassword(GraphDatabaseService system, String password) throws Exception {
        AuthManager auth = ((GraphDatabaseAPI) system).getDependencyResolver().resolveDependency(AuthManager.class);
        AuthenticationResult result = auth.login(
                        AuthToken.newBasicAuthToken(AuthManager.INITIAL_USER_NAME, password.getBytes(StandardCharsets.UTF_8)),
                        ClientConnectionInfo.EMBEDDED_CONNECTION)
                .subject()
                .getAuthenticationResult();
        if (result == AuthenticationResult.SUCCESS) {
            return;
        }
        System.out.println("neo4j: setting the password of user neo4j from NEO4J_PASSWORD (was " + result + ")");
        system.executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    }
}
