package io.difflens.models.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * The calling thread's autograd mode, switched off for a scope.
 *
 * <p>PyTorch keeps grad mode per thread and a new thread starts with it on; DJL's gradient collector
 * restores the mode it found when it closes. So an optimizer that updates leaf weights in place after
 * {@code backward} works on a thread where something switched grad mode off earlier and fails on a fresh
 * one ("a leaf Variable that requires grad is being used in an in-place operation"). Updates run inside
 * {@link #disabled()}, as {@code torch.no_grad()} does in PyTorch optimizers. DJL has no engine-neutral API
 * for this, hence the PyTorch engine's.
 */
public final class GradMode {

    private GradMode() {
    }

    /** A scope with grad mode off on this thread; closing it restores the previous mode. */
    public static Scope disabled() {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new Scope(previous);
    }

    /** Restores the grad mode found when the scope opened. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;

        private Scope(boolean previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
