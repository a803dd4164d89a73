package org.schemenet.network;

/**
 * The old name of {@link org.schemenet.network.layers.ConstantOneVertex}, from before the layers moved to a package of
 * their own (issue 19). Networks written then (checkpoints, {@code ModelSerializer} files, configuration JSON) name
 * this class, and DL4J's Jackson mapper finds a configuration class by that name, so it must stay; nothing else uses
 * it (docs/architecture.md, "Checkpoints and class names"; {@code OldCheckpointTest} loads such files).
 *
 * @deprecated only for files written before the move; the compiler emits
 *             {@link org.schemenet.network.layers.ConstantOneVertex}
 */
@Deprecated
final class ConstantOneVertex extends org.schemenet.network.layers.ConstantOneVertex {
}
