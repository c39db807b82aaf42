/** Image preprocessing outside the networks: decode, RGB, pad to square, resize, scale to [-1, 1]. */
package io.difflens.models.image;
