package io.nija.store;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link OrphanedServerTest}: opens an embedded store, writes a user, says READY and
 * waits to be killed with SIGKILL, which leaves its PostgreSQL server running without an owner.
 */
public final class OrphanServerMain {
    private OrphanServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        JdbcStore store = Stores.embedded(Path.of(args[0]));
        store.createUser(TestData.user(args[1]), "hash-" + args[1]);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
