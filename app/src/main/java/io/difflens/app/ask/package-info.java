/** {@code difflens ask}: one question about one image, against a cluster or a throw-away local stack. */
package io.difflens.app.ask;
