# Sourced by mvnw, .ci/run, bin/recall-examples and bin/recall-examples-spring (POSIX sh). Recall builds and runs on
# JDK 21 or newer: when neither JAVA_HOME nor the java on the PATH is one, pick the newest JDK 21+ installed in the
# usual places and export JAVA_HOME and PATH for it. It changes nothing when a suitable JDK is already chosen.

recall_java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

recall_select_jdk() {
  recall_current=
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    recall_current="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    recall_current=$(command -v java)
  fi
  if [ -n "$recall_current" ] && [ "$(recall_java_major "$recall_current")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  recall_best=0
  recall_chosen=
  for recall_jdk in /usr/lib/jvm/* /usr/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$recall_jdk/bin/java" ] && [ -x "$recall_jdk/bin/javac" ] || continue
    recall_major=$(recall_java_major "$recall_jdk/bin/java")
    if [ "$recall_major" -ge 21 ] 2>/dev/null && [ "$recall_major" -gt "$recall_best" ]; then
      recall_best=$recall_major
      recall_chosen=$recall_jdk
    fi
  done
  if [ -n "$recall_chosen" ]; then
    JAVA_HOME=$recall_chosen
    PATH="$JAVA_HOME/bin:$PATH"
    export JAVA_HOME PATH
    echo "Using JDK $recall_best at $JAVA_HOME (the default java is older than 21)" >&2
  else
    echo "Recall needs JDK 21 or newer; none found (set JAVA_HOME to one)" >&2
  fi
}

recall_select_jdk
