/** JSON, CSV and image-file helpers of the format readers. */
package io.difflens.datasets.formats.internal;
