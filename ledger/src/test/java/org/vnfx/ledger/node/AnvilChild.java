package org.vnfx.ledger.node;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link AnvilNodeTest}: starts a persistent embedded node on the folder given as
 * the only argument, prints {@code READY <rpc url> <anvil pid>} and waits to be killed.
 */
public final class AnvilChild {
    private AnvilChild() {}

    public static void main(String[] args) throws Exception {
        AnvilNode node = AnvilNode.start(AnvilNode.Options.persistent(Path.of(args[0]), 0));
        long anvil = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(false))
                .findFirst().map(ProcessHandle::pid).orElse(-1L);
        System.out.println("READY " + node.rpcUrl() + " " + anvil);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
