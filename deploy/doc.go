// Package deploy holds no code: its tests check that the deployment files
// (Dockerfile, compose files, Kamiwaza App Garden metadata, Kubernetes
// manifests and the add-user scripts) keep the contract the binary relies on.
package deploy
