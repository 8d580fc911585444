# Sourced by /etc/bash.bashrc and /etc/zsh/zshrc. Only a person at a terminal sees the banner: an
# interactive shell ($- has i) whose output is a terminal. `docker exec ... dig x` never prints it.
case $- in
  *i*) [ -t 1 ] && cat /etc/netshoot/banner ;;
esac
