#!/bin/sh
set -e
echo installing fixture-vnf
