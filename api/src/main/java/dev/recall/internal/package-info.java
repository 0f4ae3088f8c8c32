/** Implementation classes; they may change in any release and are never needed by users. */
@NullMarked
package dev.recall.internal;

import org.jspecify.annotations.NullMarked;
