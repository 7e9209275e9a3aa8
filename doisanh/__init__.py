"""Đối sánh: domain logic for comparing Vietnamese administrative units on
public-administration indices. Plain Python; never imports streamlit."""
