package searchnews.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node from Maven Central jars, with the HTTP transport and the common analysis
 * module (english stemmer, cjk bigrams) as classpath plugins, as the test framework's MockNode does.
 * Settings come as -Ekey=value arguments, like the opensearch command. No Bootstrap: no security
 * manager and no bootstrap checks, which is acceptable only because scripts/opensearch.sh binds
 * every node to 127.0.0.1.
 */
public final class LauncherNode extends Node {
    private static final String LOG_CONFIG = String.join("\n",
        "status = error",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.console.ref = console",
        "logger.node.name = org.opensearch.node.Node",
        "logger.node.level = info",
        "");

    private LauncherNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(environment, plugins, true);
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            if (!arg.startsWith("-E") || !arg.contains("=")) {
                System.err.println("usage: LauncherNode -Ekey=value ... (path.home is required)");
                System.exit(2);
            }
            String pair = arg.substring(2);
            int equals = pair.indexOf('=');
            builder.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        Settings settings = builder.build();
        if (settings.get("path.home") == null) {
            System.err.println("LauncherNode: -Epath.home=DIR is required");
            System.exit(2);
        }
        Path config = Paths.get(settings.get("path.home")).resolve("config");
        Files.createDirectories(config);
        Path logConfig = config.resolve("log4j2.properties");
        if (!Files.exists(logConfig)) {
            Files.write(logConfig, LOG_CONFIG.getBytes(StandardCharsets.UTF_8));
        }
        LogConfigurator.registerErrorListener();
        String nodeName = settings.get("node.name", "node");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), config, () -> nodeName);
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configure(environment);
        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);
        Node node = new LauncherNode(environment, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // the JVM is going away; nothing more to do
            }
            stopped.countDown();
        }));
        node.start();
        System.out.println("LauncherNode: started " + nodeName);
        stopped.await();
    }
}
