package org.vnfx.catalogue;

/**
 * Flyway and HikariCP log every migration check and pool start at INFO, which slf4j-simple (the CLI's binding)
 * prints. Their level is set to WARN as a system property default, before their first logger exists: slf4j-simple
 * reads a logger's level from system properties when the logger is created. A level the user set is kept.
 */
final class QuietLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private static final String[] NOISY = {"org.flywaydb", "com.zaxxer.hikari"};

    private QuietLogging() {}

    static void apply() {
        for (String logger : NOISY) {
            if (System.getProperty(PREFIX + logger) == null) System.setProperty(PREFIX + logger, "warn");
        }
    }
}
