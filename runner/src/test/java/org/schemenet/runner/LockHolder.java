package org.schemenet.runner;

import java.nio.file.Path;
import org.schemenet.run.RunDirectory;
import org.schemenet.run.RunLock;

/** A process that holds a run directory's lock (as a training child does) and prints "locked" until killed. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunDirectory.at(Path.of(args[0])).lock()) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
