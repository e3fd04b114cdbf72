package nl.livinglab.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with a Bolt connector on 127.0.0.1, for local development and tests.
 *
 * <p>Usage: {@code java -cp ... nl.livinglab.infra.Neo4jServer <homeDir> [boltPort]}; the port can
 * also come from {@code -Dneo4j.bolt.port}. The password of user {@code neo4j} comes from the
 * environment variable {@code NEO4J_PASSWORD} and is (re)applied at every start.
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
            System.err.println("NEO4J_PASSWORD must be set (8+ characters)");
            System.exit(2);
        }
        long pageCache = ByteUnit.parse(System.getProperty("neo4j.pagecache", "128m"));
        long txGlobal = ByteUnit.parse(System.getProperty("neo4j.tx.global", "256m"));
        long txMax = ByteUnit.parse(System.getProperty("neo4j.tx.max", "128m"));

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txGlobal)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j: shutting down");
            service.shutdown();
            System.out.println("neo4j: stopped");
            stopped.countDown();
        }, "neo4j-shutdown"));

        setPassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(60_000)) {
            System.err.println("neo4j: default database did not become available");
            System.exit(1);
        }
        System.out.printf("neo4j: Bolt listening on bolt://127.0.0.1:%d (Neo4j Community %s, home %s)%n",
                port, org.neo4j.kernel.internal.Version.getNeo4jVersion(), home);
        System.out.flush();
        stopped.await();
    }

    /** Sets the password of user neo4j (Community keeps users in the system database). */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // On later starts the password is usually already right; Neo4j refuses "same password".
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }
}
