# syntax=docker/dockerfile:1
# The demo application: built with the project's own Maven wrapper on a JDK 25, run on a JRE 25.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl demo-app -am package -DskipTests \
 && mkdir -p /out \
 && cp demo-app/target/channels-demo-*.jar /out/app.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system demo && useradd --system --gid demo --home-dir /app demo
WORKDIR /app
COPY --from=build /out/app.jar /app/app.jar
USER demo
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
